"""The blog's reference app (app.py: Flask + boto3), for the side-by-side benchmark. As in the
original, /hello reads the item with boto3 on every request and renders it; its AppConfig helper
is replaced by a fixed table name (TABLE_NAME). Run: PORT=... python3 reference_app.py"""
import os

import boto3
from flask import Flask

app = Flask(__name__)
table_name = os.environ.get("TABLE_NAME", "TwelveFactorApp")
dynamodb = boto3.resource("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"))


@app.route("/")
def health():
    return "All good !"


@app.route("/hello")
def hello():
    table = dynamodb.Table(table_name)
    item = table.get_item(Key={"Application": "TwelveFactorApp"})["Item"]
    return (
        '<html><body style="background-color:' + item["BgColor"] + ';color:white;text-align:center">'
        "<p><strong><h1>Hello from " + item["Name"] + "!</h1></strong></p>"
        "<p><h2>Developed with " + item["Language"] + ", deployed with " + item["Platform"] + "</h2></p></body></html>"
    )


@app.route("/table-name")
def get_table_name():
    return table_name


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "8080")))
